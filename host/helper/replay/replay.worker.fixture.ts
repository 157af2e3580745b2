// Replay in workerd: the Workers build of asedge/helper/replay.
import { replay } from "./worker.js";
import { replayFixture } from "./replay.fixture-app.js";

export default replayFixture(replay);

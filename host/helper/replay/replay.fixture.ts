// Replay on Node (app.request and a socket): the Node build of asedge/helper/replay.
import { replay } from "./index.js";
import { replayFixture } from "./replay.fixture-app.js";

export default replayFixture(replay);

/**
 * The reference app as a Worker: what `npm run dev:worker` serves and what
 * the Worker tests and benchmark run in workerd.
 */
import { toWorker } from "./index.js";
import referenceApp from "../host/reference/app.js";

export default toWorker(referenceApp);

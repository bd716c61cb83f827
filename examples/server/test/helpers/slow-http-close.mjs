// Preloaded (`node --import`) by stop-signal.integration.test.ts: every HTTP server takes
// 3 s longer to close, so that an orderly stop on SIGTERM lasts longer than stopping the
// embedded PostgreSQL does (what a slow closer, e.g. a sync job finishing, looks like).
import { Server } from 'node:http';

const close = Server.prototype.close;
Server.prototype.close = function slowClose(callback) {
  setTimeout(() => close.call(this, callback), 3000);
  return this;
};

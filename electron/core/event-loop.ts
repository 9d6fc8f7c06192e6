/**
 * Lets the event loop turn once: timers, I/O callbacks (an HTTP request, a lease renewal) and
 * Node-API finalizers (better-sqlite3 frees a collected statement's SQLite memory there) run
 * before a long run of synchronous work goes on.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise((done) => setImmediate(done));

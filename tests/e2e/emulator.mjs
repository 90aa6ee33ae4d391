// Starts the telegram-test-api Bot API emulator for the e2e tests.
// Usage: node emulator.mjs <port>
// Listens on 127.0.0.1 only, prints one "ready" line on stdout, and stops on
// SIGTERM/SIGINT or when its stdin closes (so it never outlives the harness).
import TelegramServer from 'telegram-test-api';

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('usage: node emulator.mjs <port>');
  process.exit(2);
}

// storeTimeout: the emulator forgets messages older than this many seconds (default 60),
// which would make long test sessions lose history, so keep them for a day.
const server = new TelegramServer({
  host: '127.0.0.1',
  port,
  storage: 'RAM',
  storeTimeout: 86400,
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 2000).unref();
  try {
    await server.stop();
  } finally {
    process.exit(code);
  }
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('error', () => stop(0));
process.stdin.resume();

try {
  await server.start();
} catch (err) {
  console.error(`telegram-test-api failed to start: ${err}`);
  process.exit(1);
}
console.log(`telegram-test-api ready on http://127.0.0.1:${port}`);

import { runCli } from './program';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error [internal]: ${String(e)}\n`);
    process.exitCode = 2;
  },
);

import { runCli } from './index'

process.exitCode = await runCli(process.argv.slice(2))

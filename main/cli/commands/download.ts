import type { Command } from 'commander'
import {
  downloadDir,
  downloadFashionMnist,
  FASHION_MNIST_MIRROR,
  findFashionMnist,
} from '../../data/fashionMnist'
import { emit, EXIT, type ExitCode, type Output } from '../output'

/** `latent-studio download fashion-mnist`: fetches the full dataset where the machine has internet access. */
export function downloadCommand(
  program: Command,
  io: Output,
  done: (code: ExitCode) => void,
): void {
  program
    .command('download')
    .argument('<dataset>', 'fashion-mnist')
    .description(
      'download the full Fashion-MNIST (60,000 + 10,000 images) from its official mirror',
    )
    .option('--json', 'machine-readable output')
    .option('--mirror <url>', 'where to download from', FASHION_MNIST_MIRROR)
    .option('--dest <dir>', 'where to put the files', downloadDir())
    .action(async (dataset: string, opts: { json?: boolean; mirror: string; dest: string }) => {
      const json = opts.json === true
      if (dataset !== 'fashion-mnist') {
        emit(
          io,
          json,
          { ok: false, error: `unknown dataset "${dataset}" (known: fashion-mnist)` },
          () => `✗ unknown dataset "${dataset}" (known: fashion-mnist)`,
        )
        done(EXIT.unreadable)
        return
      }
      const existing = findFashionMnist()
      if (existing) io.err(`Note: Fashion-MNIST is already at ${existing}`)
      const result = await downloadFashionMnist(opts.dest, {
        mirror: opts.mirror,
        onFile: (name, bytes) => {
          if (!json) io.err(`  ${name}: ${bytes} bytes`)
        },
      })
      emit(
        io,
        json,
        result.ok ? { ok: true, path: result.value } : { ok: false, error: result.error },
        () => (result.ok ? `✓ Fashion-MNIST is in ${result.value}` : `✗ ${result.error}`),
      )
      done(result.ok ? EXIT.ok : EXIT.invalid)
    })
}

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Runs recorded by tests go to a fresh folder, never the user's ~/.latent-studio.
process.env['LATENT_STUDIO_HOME'] = mkdtempSync(join(tmpdir(), 'ls-home-'))

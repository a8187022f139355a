#!/usr/bin/env node
// Opens the app (what the hand-installed desktop entry runs): the desktop app where Electron runs,
// else browser mode, as `npm start` does; documents named on the command line are opened.
import { register } from 'tsx/esm/api'

register()
await import('../scripts/start.ts')

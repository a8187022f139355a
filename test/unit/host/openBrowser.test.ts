import { expect, test } from 'vitest'
import { browserOpener, openInBrowser } from '../../../main/host/openBrowser'

const URL = 'http://127.0.0.1:5000/?token=abc'

test('the system browser opens the app where there is a display; headless, the address is printed', async () => {
  expect(browserOpener(URL, 'linux', { DISPLAY: ':0' })).toEqual({
    command: 'xdg-open',
    args: [URL],
  })
  expect(browserOpener(URL, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toMatchObject({
    command: 'xdg-open',
  })
  expect(browserOpener(URL, 'darwin', {})).toEqual({ command: 'open', args: [URL] })
  expect(browserOpener(URL, 'win32', {})).toMatchObject({ command: 'cmd' })
  expect(browserOpener(URL, 'linux', {})).toEqual({
    none: 'there is no desktop session here (no $DISPLAY or $WAYLAND_DISPLAY)',
  })
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'])
    expect(await openInBrowser(URL)).toBe(
      'Open the address above in a browser: there is no desktop session here (no $DISPLAY or $WAYLAND_DISPLAY).',
    )
})

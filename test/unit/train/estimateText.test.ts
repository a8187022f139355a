import { expect, test } from 'vitest'
import { describeEstimate, fmtSeconds } from '../../../common/estimateText'
import type { RunEstimate } from '../../../common/events'

const phase = (epochs: number, secondsPerEpoch: number, firstEpochSeconds: number) => ({
  name: 'train',
  epochs,
  secondsPerEpoch,
  firstEpochSeconds,
})

test('an estimate in words names the first epoch only where it is noticeably longer', () => {
  const e = (p: RunEstimate['phases'][number], threads = 2): RunEstimate => ({
    secondsPerEpoch: p.secondsPerEpoch,
    firstEpochSeconds: p.firstEpochSeconds,
    totalSeconds: p.firstEpochSeconds + (p.epochs - 1) * p.secondsPerEpoch,
    backend: 'wasm',
    threads,
    memoryBytes: 640e6,
    phases: [p],
  })
  expect(describeEstimate(e(phase(10, 15, 15.5)))).toBe(
    'about 2.5 min (15 s per epoch × 10, wasm, 2 threads); about 640 MB of memory',
  )
  expect(describeEstimate(e(phase(20, 0.4, 0.7), 1))).toBe(
    'about 8.3 s (0.4 s per epoch × 20, the first 0.7 s, wasm); about 640 MB of memory',
  )
})

test('seconds read as a person reads them', () => {
  expect([0.84, 42.4, 210, 7560].map(fmtSeconds)).toEqual(['0.8 s', '42 s', '3.5 min', '2.1 h'])
})

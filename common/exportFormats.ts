/** What a run can be exported as (pure: the contract and the renderer share it). */
export const EXPORT_FORMATS = ['tfjs', 'onnx', 'keras', 'png'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

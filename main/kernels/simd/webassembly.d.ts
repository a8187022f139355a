// The part of the WebAssembly JS API the SIMD kernels use. TypeScript declares it only in its DOM
// and WebWorker libraries, and the engine is type-checked without DOM types (tsconfig.engine.json);
// Node provides these globals.
declare namespace WebAssembly {
  type ExportValue = CallableFunction | Memory | object
  type Exports = Record<string, ExportValue>
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean })
    readonly buffer: ArrayBuffer
  }
  // eslint-disable-next-line @typescript-eslint/no-extraneous-class -- the JS API's opaque compiled module
  class Module {
    constructor(bytes: BufferSource)
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, ExportValue>>)
    readonly exports: Exports
  }
  function validate(bytes: BufferSource): boolean
}

import onnxProto from 'onnx-proto'

const { onnx } = onnxProto
type AttrValue = number | string | readonly number[]
/** An ONNX attribute: integers and integer lists unless marked as floats. */
export type Attrs = Readonly<
  Record<
    string,
    | AttrValue
    | { readonly floats: readonly number[] }
    | { readonly f: number }
    | { readonly strings: readonly string[] }
  >
>

/** The ONNX opset the exporter writes (LayerNormalization needs 17; ReduceMean keeps its axes attribute). */
export const OPSET = 17

function attribute(name: string, v: Attrs[string]): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType
  if (typeof v === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(v) }
  if (typeof v === 'number') return { name, type: T.INT, i: v }
  if ('floats' in v) return { name, type: T.FLOATS, floats: [...v.floats] }
  if ('f' in v) return { name, type: T.FLOAT, f: v.f }
  if ('strings' in v)
    return { name, type: T.STRINGS, strings: v.strings.map((x) => new TextEncoder().encode(x)) }
  return { name, type: T.INTS, ints: [...v] }
}

/** A graph input or output: its name, shape (null for the batch) and element type. */
export interface ValueSpec {
  readonly name: string
  readonly shape: readonly (number | null)[]
  readonly dtype?: string
}

/** Graph under construction: nodes in order, constant initializers, fresh value names. */
export class OnnxGraph {
  private readonly nodes: onnxProto.onnx.INodeProto[] = []
  private readonly initializers: onnxProto.onnx.ITensorProto[] = []
  private count = 0

  /** A fresh value name with a readable prefix. */
  fresh(prefix: string): string {
    return `${prefix}__${this.count++}`
  }

  /** A float constant. */
  floats(prefix: string, data: Float32Array, dims: readonly number[]): string {
    const name = this.fresh(prefix)
    const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: onnx.TensorProto.DataType.FLOAT,
      rawData: raw,
    })
    return name
  }

  /** An int64 constant (shapes, pads, axes). */
  ints(prefix: string, data: readonly number[]): string {
    const name = this.fresh(prefix)
    this.initializers.push({
      name,
      dims: [data.length],
      dataType: onnx.TensorProto.DataType.INT64,
      int64Data: [...data],
    })
    return name
  }

  /** Adds one node and returns its first output's name. */
  op(type: string, inputs: readonly string[], attrs: Attrs = {}, output?: string): string {
    const out = output ?? this.fresh(type.toLowerCase())
    this.node(type, inputs, [out], attrs)
    return out
  }

  /** Adds one node with several outputs (named by the caller). */
  node(
    type: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attrs: Attrs = {},
  ): void {
    this.nodes.push({
      opType: type,
      name: this.fresh(`${type}_node`),
      input: [...inputs],
      output: [...outputs],
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    })
  }

  /** Serialises the graph as an ONNX model with the given float inputs and outputs. */
  encode(
    name: string,
    inputs: readonly ValueSpec[],
    outputs: readonly ValueSpec[],
    docString: string,
  ): Uint8Array {
    const info = (v: ValueSpec) => ({
      name: v.name,
      type: {
        tensorType: {
          elemType:
            v.dtype === 'int32' ? onnx.TensorProto.DataType.INT32 : onnx.TensorProto.DataType.FLOAT,
          shape: {
            dim: v.shape.map((d) => (d === null ? { dimParam: 'batch' } : { dimValue: d })),
          },
        },
      },
    })
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'latent-studio',
      producerVersion: '0.1.0',
      docString,
      opsetImport: [{ domain: '', version: OPSET }],
      graph: {
        name,
        node: this.nodes,
        initializer: this.initializers,
        input: inputs.map(info),
        output: outputs.map(info),
      },
    })
    return onnx.ModelProto.encode(model).finish()
  }
}

/** Permutes a dense row-major array of shape `dims` by `perm` (weights from tfjs's to ONNX's layout). */
export function permute(
  data: Float32Array,
  dims: readonly number[],
  perm: readonly number[],
): { data: Float32Array; dims: number[] } {
  const out = perm.map((p) => dims[p] ?? 1)
  const strides = dims.map((_, i) => dims.slice(i + 1).reduce((a, b) => a * b, 1))
  const result = new Float32Array(data.length)
  const idx = new Array<number>(out.length).fill(0)
  for (let o = 0; o < data.length; o++) {
    let src = 0
    for (let k = 0; k < out.length; k++) src += (idx[k] ?? 0) * (strides[perm[k] ?? 0] ?? 0)
    result[o] = data[src] ?? 0
    for (let k = out.length - 1; k >= 0; k--) {
      idx[k] = (idx[k] ?? 0) + 1
      if ((idx[k] ?? 0) < (out[k] ?? 1)) break
      idx[k] = 0
    }
  }
  return { data: result, dims: out }
}

;; The filter gradient of a convolution in WebAssembly SIMD, for the wasm backend's
;; Conv2DBackpropFilter (main/kernels/conv2DBackpropFilter.ts prepares the operands).
;;
;;   out[r, c] = Σ over output positions p of  x[base(p) + offs[r]] · dy[p, c]
;;
;; r runs over the filter's (kh, kw, inC) taps, c over its output channels; base(p) is the
;; byte address in the zero-padded input of the window under output position p = (n, oy, ox).
;; Each 4-tap × 8-channel tile of the output is 8 f32x4 accumulators kept in registers while
;; the positions stream past: per position, two vector loads of dy, four splat loads of x,
;; 8 multiplies and 8 adds. Nothing is transposed, packed or copied.
;;
;; With accumulate ≠ 0 the sums are added to what out holds: the caller runs a few images at a
;; time, so that their x and dy stay in cache while every tile passes over them.
;;
;; The memory is the backend's own (imported), so tensors are addressed by their offsets.
;; rows must be a multiple of 4 and cols of 8; dy must hold cols values at each position.
;;
;; Rebuild the bytes after editing: npx tsx scripts/buildWasm.ts
(module
  (import "env" "memory" (memory 1))
  (func (export "filterGradient")
    (param $x i32) (param $dy i32) (param $out i32) (param $offs i32)
    (param $rows i32) (param $cols i32) (param $dyStride i32)
    (param $n i32) (param $oh i32) (param $ow i32)
    (param $imgStride i32) (param $rowStride i32) (param $colStride i32) (param $accumulate i32)
    (local $r i32) (local $c i32) (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $b i32) (local $y i32) (local $i i32)
    (local $xi i32) (local $xrow i32) (local $xp i32) (local $dp i32) (local $op i32) (local $cb i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $d0 v128) (local $d1 v128) (local $s v128)
    (local.set $cb (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $c (i32.const 0))
    (block $cdone (loop $cloop
      (br_if $cdone (i32.ge_u (local.get $c) (local.get $cols)))
      (local.set $r (i32.const 0))
      (block $rdone (loop $rloop
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        ;; the tile's four tap offsets
        (local.set $op (i32.add (local.get $offs) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $o0 (i32.load offset=0 (local.get $op)))
        (local.set $o1 (i32.load offset=4 (local.get $op)))
        (local.set $o2 (i32.load offset=8 (local.get $op)))
        (local.set $o3 (i32.load offset=12 (local.get $op)))
        ;; the tile's start: 0, or what earlier calls summed into out
        (local.set $op (i32.add (local.get $out)
          (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
        (if (local.get $accumulate)
          (then
            (local.set $a0 (v128.load offset=0 (local.get $op)))
            (local.set $a1 (v128.load offset=16 (local.get $op)))
            (local.set $op (i32.add (local.get $op) (local.get $cb)))
            (local.set $a2 (v128.load offset=0 (local.get $op)))
            (local.set $a3 (v128.load offset=16 (local.get $op)))
            (local.set $op (i32.add (local.get $op) (local.get $cb)))
            (local.set $a4 (v128.load offset=0 (local.get $op)))
            (local.set $a5 (v128.load offset=16 (local.get $op)))
            (local.set $op (i32.add (local.get $op) (local.get $cb)))
            (local.set $a6 (v128.load offset=0 (local.get $op)))
            (local.set $a7 (v128.load offset=16 (local.get $op))))
          (else
            (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $a4 (v128.const i32x4 0 0 0 0)) (local.set $a5 (v128.const i32x4 0 0 0 0))
            (local.set $a6 (v128.const i32x4 0 0 0 0)) (local.set $a7 (v128.const i32x4 0 0 0 0))))
        (local.set $dp (i32.add (local.get $dy) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $xi (local.get $x))
        (local.set $b (local.get $n))
        (loop $bloop ;; images
          (local.set $xrow (local.get $xi))
          (local.set $y (local.get $oh))
          (loop $yloop ;; output rows
            (local.set $xp (local.get $xrow))
            (local.set $i (local.get $ow))
            (loop $xloop ;; output columns
              (local.set $d0 (v128.load offset=0 (local.get $dp)))
              (local.set $d1 (v128.load offset=16 (local.get $dp)))
              (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $o0))))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $s) (local.get $d0))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $s) (local.get $d1))))
              (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $o1))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $s) (local.get $d0))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $s) (local.get $d1))))
              (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $o2))))
              (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $s) (local.get $d0))))
              (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $s) (local.get $d1))))
              (local.set $s (v128.load32_splat (i32.add (local.get $xp) (local.get $o3))))
              (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $s) (local.get $d0))))
              (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $s) (local.get $d1))))
              (local.set $xp (i32.add (local.get $xp) (local.get $colStride)))
              (local.set $dp (i32.add (local.get $dp) (local.get $dyStride)))
              (br_if $xloop (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
            (local.set $xrow (i32.add (local.get $xrow) (local.get $rowStride)))
            (br_if $yloop (local.tee $y (i32.sub (local.get $y) (i32.const 1)))))
          (local.set $xi (i32.add (local.get $xi) (local.get $imgStride)))
          (br_if $bloop (local.tee $b (i32.sub (local.get $b) (i32.const 1)))))
        ;; out[r..r+3, c..c+7]
        (local.set $op (i32.add (local.get $out)
          (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
        (v128.store offset=0 (local.get $op) (local.get $a0))
        (v128.store offset=16 (local.get $op) (local.get $a1))
        (local.set $op (i32.add (local.get $op) (local.get $cb)))
        (v128.store offset=0 (local.get $op) (local.get $a2))
        (v128.store offset=16 (local.get $op) (local.get $a3))
        (local.set $op (i32.add (local.get $op) (local.get $cb)))
        (v128.store offset=0 (local.get $op) (local.get $a4))
        (v128.store offset=16 (local.get $op) (local.get $a5))
        (local.set $op (i32.add (local.get $op) (local.get $cb)))
        (v128.store offset=0 (local.get $op) (local.get $a6))
        (v128.store offset=16 (local.get $op) (local.get $a7))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $rloop)))
      (local.set $c (i32.add (local.get $c) (i32.const 8)))
      (br $cloop)))
  )
)

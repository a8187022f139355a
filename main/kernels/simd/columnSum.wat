;; Column sums in WebAssembly SIMD, for the wasm backend's Sum over leading axes (a convolution's
;; or dense layer's bias gradient sums dy over every axis but the channels).
;;
;;   out[c] = Σ over r < rows of x[r, c]      (rows ≥ 1, cols a multiple of 4)
;;
;; Sixteen columns at a time in four f32x4 accumulators, reading each row's slice once; the stock
;; kernel transposes the whole input first. Addresses are byte offsets in the backend's memory.
;;
;; Rebuild the bytes after editing: npx tsx scripts/buildWasm.ts
(module
  (import "env" "memory" (memory 1))
  (func (export "columnSum") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $c i32) (local $p i32) (local $r i32) (local $stride i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $c (i32.const 0))
    (block $wide (loop $wloop ;; 16 columns
      (br_if $wide (i32.gt_u (i32.add (local.get $c) (i32.const 16)) (local.get $cols)))
      (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $r (local.get $rows))
      (loop $rloop
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load offset=0 (local.get $p))))
        (local.set $a1 (f32x4.add (local.get $a1) (v128.load offset=16 (local.get $p))))
        (local.set $a2 (f32x4.add (local.get $a2) (v128.load offset=32 (local.get $p))))
        (local.set $a3 (f32x4.add (local.get $a3) (v128.load offset=48 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (br_if $rloop (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
      (local.set $p (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
      (v128.store offset=0 (local.get $p) (local.get $a0))
      (v128.store offset=16 (local.get $p) (local.get $a1))
      (v128.store offset=32 (local.get $p) (local.get $a2))
      (v128.store offset=48 (local.get $p) (local.get $a3))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $wloop)))
    (block $narrow (loop $nloop ;; the last columns, 4 at a time
      (br_if $narrow (i32.ge_u (local.get $c) (local.get $cols)))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $p (i32.add (local.get $x) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $r (local.get $rows))
      (loop $rloop
        (local.set $a0 (f32x4.add (local.get $a0) (v128.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (br_if $rloop (local.tee $r (i32.sub (local.get $r) (i32.const 1)))))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))) (local.get $a0))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br $nloop)))
  )
)

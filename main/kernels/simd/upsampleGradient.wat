;; The gradient of nearest-neighbour upsampling by whole factors (UpSampling2D) in WebAssembly
;; SIMD, for the wasm backend's ResizeNearestNeighborGrad (main/kernels/resizeNearestGrad.ts):
;;
;;   dx[b, y, x, c] = Σ over i < kh, j < kw of dy[b, y·kh + i, x·kw + j, c]
;;
;; Four channels at a time (C a multiple of 4); n, h, w, kh and kw at least 1. The stock
;; kernel maps every dy pixel back through a float division.
;;
;; Rebuild the bytes after editing: npx tsx scripts/buildWasm.ts
(module
  (import "env" "memory" (memory 1))
  (func (export "upsampleGradient")
    (param $dy i32) (param $dx i32) (param $n i32) (param $h i32) (param $w i32) (param $C i32)
    (param $kh i32) (param $kw i32)
    (local $pixel i32) (local $dyRow i32) (local $rows i32) (local $r i32) (local $x i32)
    (local $c i32) (local $i i32) (local $j i32) (local $block i32) (local $p i32) (local $q i32)
    (local $acc v128)
    (local.set $pixel (i32.shl (local.get $C) (i32.const 2)))
    ;; bytes in one row of dy, and the dy rows of all images taken kh at a time
    (local.set $dyRow (i32.mul (i32.mul (local.get $w) (local.get $kw)) (local.get $pixel)))
    (local.set $rows (i32.mul (local.get $n) (local.get $h)))
    (local.set $r (i32.const 0))
    (loop $rloop ;; rows of dx (images one after another)
      (local.set $x (i32.const 0))
      (loop $xloop
        ;; top-left dy pixel of this dx pixel's block
        (local.set $block (i32.add (local.get $dy)
          (i32.add (i32.mul (i32.mul (local.get $r) (local.get $kh)) (local.get $dyRow))
                   (i32.mul (i32.mul (local.get $x) (local.get $kw)) (local.get $pixel)))))
        (local.set $c (i32.const 0))
        (loop $cloop
          (local.set $acc (v128.const i32x4 0 0 0 0))
          (local.set $p (i32.add (local.get $block) (local.get $c)))
          (local.set $i (local.get $kh))
          (loop $iloop
            (local.set $q (local.get $p))
            (local.set $j (local.get $kw))
            (loop $jloop
              (local.set $acc (f32x4.add (local.get $acc) (v128.load (local.get $q))))
              (local.set $q (i32.add (local.get $q) (local.get $pixel)))
              (br_if $jloop (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
            (local.set $p (i32.add (local.get $p) (local.get $dyRow)))
            (br_if $iloop (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
          (v128.store (i32.add (local.get $dx) (local.get $c)) (local.get $acc))
          (br_if $cloop (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $pixel))))
        (local.set $dx (i32.add (local.get $dx) (local.get $pixel)))
        (br_if $xloop (i32.lt_u (local.tee $x (i32.add (local.get $x) (i32.const 1))) (local.get $w))))
      (br_if $rloop (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (local.get $rows))))
  )
)

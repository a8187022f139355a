;; The gradient of 2×2 max pooling at stride 2 in WebAssembly SIMD, for the wasm backend's
;; MaxPoolGrad (main/kernels/maxPoolGrad.ts: the chapter's pooling, every window inside x).
;;
;; Each window's gradient dy[n, y, x, c] goes to the first of its four inputs (row by row) that
;; holds the maximum, as on tfjs's cpu backend; the others get 0. Four channels at a time: three
;; comparisons give the winner's mask, and each of the four outputs is dy AND its mask.
;; Rows or columns of x past the last window are left to the caller. C must be a multiple of 4.
;;
;; Rebuild the bytes after editing: npx tsx scripts/buildWasm.ts
(module
  (import "env" "memory" (memory 1))
  (func (export "maxPool2x2Gradient")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $n i32) (param $oh i32) (param $ow i32) (param $inH i32) (param $inW i32) (param $C i32)
    (local $b i32) (local $y i32) (local $i i32) (local $c i32)
    (local $row i32) (local $down i32) (local $pixel i32) (local $image i32) (local $p i32) (local $q i32)
    (local $g i32)
    (local $a v128) (local $bb v128) (local $cc v128) (local $d v128) (local $best v128)
    (local $m1 v128) (local $m2 v128) (local $m3 v128) (local $dyv v128)
    (local.set $pixel (i32.shl (local.get $C) (i32.const 2)))
    (local.set $down (i32.mul (local.get $inW) (local.get $pixel)))
    (local.set $image (i32.mul (local.get $inH) (local.get $down)))
    (local.set $g (local.get $dy))
    (local.set $b (i32.const 0))
    (loop $bloop
      (local.set $y (i32.const 0))
      (loop $yloop
        ;; byte offset of window row 2y in image b
        (local.set $row (i32.add (i32.mul (local.get $b) (local.get $image))
          (i32.mul (i32.shl (local.get $y) (i32.const 1)) (local.get $down))))
        (local.set $i (i32.const 0))
        (loop $xloop
          (local.set $p (i32.add (local.get $row) (i32.mul (i32.shl (local.get $i) (i32.const 1)) (local.get $pixel))))
          (local.set $c (i32.const 0))
          (loop $cloop
            (local.set $q (i32.add (local.get $p) (local.get $c)))
            (local.set $a (v128.load (i32.add (local.get $x) (local.get $q))))
            (local.set $bb (v128.load (i32.add (i32.add (local.get $x) (local.get $q)) (local.get $pixel))))
            (local.set $cc (v128.load (i32.add (i32.add (local.get $x) (local.get $q)) (local.get $down))))
            (local.set $d (v128.load (i32.add (i32.add (i32.add (local.get $x) (local.get $q)) (local.get $down)) (local.get $pixel))))
            (local.set $m1 (f32x4.gt (local.get $bb) (local.get $a)))
            (local.set $best (v128.bitselect (local.get $bb) (local.get $a) (local.get $m1)))
            (local.set $m2 (f32x4.gt (local.get $cc) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $cc) (local.get $best) (local.get $m2)))
            (local.set $m3 (f32x4.gt (local.get $d) (local.get $best)))
            (local.set $dyv (v128.load (local.get $g)))
            ;; winners: d if m3, else c if m2, else b if m1, else a
            (v128.store (i32.add (i32.add (i32.add (local.get $dx) (local.get $q)) (local.get $down)) (local.get $pixel))
              (v128.and (local.get $dyv) (local.get $m3)))
            (local.set $dyv (v128.andnot (local.get $dyv) (local.get $m3)))
            (v128.store (i32.add (i32.add (local.get $dx) (local.get $q)) (local.get $down))
              (v128.and (local.get $dyv) (local.get $m2)))
            (local.set $dyv (v128.andnot (local.get $dyv) (local.get $m2)))
            (v128.store (i32.add (i32.add (local.get $dx) (local.get $q)) (local.get $pixel))
              (v128.and (local.get $dyv) (local.get $m1)))
            (v128.store (i32.add (local.get $dx) (local.get $q))
              (v128.andnot (local.get $dyv) (local.get $m1)))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br_if $cloop (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $pixel))))
          (br_if $xloop (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $ow))))
        (br_if $yloop (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $oh))))
      (br_if $bloop (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $n))))
  )
)

;; Max-pooling gradients in WebAssembly SIMD, for the wasm backend's MaxPoolGrad
;; (main/kernels/maxPoolGrad.ts), four channels at a time (C a multiple of 4).
;;
;; maxPool2x2Gradient, the chapter's pooling (2×2 at stride 2, every window inside x): each
;; window's gradient dy[n, y, x, c] goes to the first of its four inputs (row by row) that
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

  ;; Any window, stride and padding: dx[first maximum of each window, c] += dy[b, y, x, c].
  ;; Windows may overlap, so dx must be zeroed by the caller and is added to. Each lane keeps
  ;; its best value and the byte offset of its pixel; the four gradients are then added one by
  ;; one. Windows are clipped to x (padding never wins, as on tfjs's cpu backend).
  (func (export "maxPoolGradient")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $n i32) (param $inH i32) (param $inW i32) (param $C i32) (param $oh i32) (param $ow i32)
    (param $kh i32) (param $kw i32) (param $sh i32) (param $sw i32) (param $top i32) (param $left i32)
    (local $pixel i32) (local $b i32) (local $y i32) (local $xo i32) (local $c i32)
    (local $h0 i32) (local $h1 i32) (local $w0 i32) (local $w1 i32) (local $h i32) (local $w i32)
    (local $image i32) (local $pix i32) (local $g i32) (local $at i32)
    (local $best v128) (local $idx v128) (local $v v128) (local $m v128) (local $gv v128)
    (local.set $pixel (i32.shl (local.get $C) (i32.const 2)))
    (local.set $g (local.get $dy))
    (local.set $b (i32.const 0))
    (loop $bloop
      (local.set $image (i32.mul (local.get $b) (i32.mul (i32.mul (local.get $inH) (local.get $inW)) (local.get $pixel))))
      (local.set $y (i32.const 0))
      (loop $yloop
        (local.set $h0 (i32.sub (i32.mul (local.get $y) (local.get $sh)) (local.get $top)))
        (local.set $h1 (i32.add (local.get $h0) (local.get $kh)))
        (if (i32.lt_s (local.get $h0) (i32.const 0)) (then (local.set $h0 (i32.const 0))))
        (if (i32.gt_s (local.get $h1) (local.get $inH)) (then (local.set $h1 (local.get $inH))))
        (local.set $xo (i32.const 0))
        (loop $xloop
          (local.set $w0 (i32.sub (i32.mul (local.get $xo) (local.get $sw)) (local.get $left)))
          (local.set $w1 (i32.add (local.get $w0) (local.get $kw)))
          (if (i32.lt_s (local.get $w0) (i32.const 0)) (then (local.set $w0 (i32.const 0))))
          (if (i32.gt_s (local.get $w1) (local.get $inW)) (then (local.set $w1 (local.get $inW))))
          (if (i32.and (i32.lt_s (local.get $h0) (local.get $h1)) (i32.lt_s (local.get $w0) (local.get $w1)))
            (then
              (local.set $c (i32.const 0))
              (loop $cloop
                ;; the window's first pixel starts as the best
                (local.set $pix (i32.add (local.get $image)
                  (i32.mul (i32.add (i32.mul (local.get $h0) (local.get $inW)) (local.get $w0)) (local.get $pixel))))
                (local.set $best (v128.load (i32.add (i32.add (local.get $x) (local.get $pix)) (local.get $c))))
                (local.set $idx (i32x4.splat (local.get $pix)))
                (local.set $h (local.get $h0))
                (loop $hloop
                  (local.set $w (local.get $w0))
                  (loop $wloop
                    (local.set $pix (i32.add (local.get $image)
                      (i32.mul (i32.add (i32.mul (local.get $h) (local.get $inW)) (local.get $w)) (local.get $pixel))))
                    (local.set $v (v128.load (i32.add (i32.add (local.get $x) (local.get $pix)) (local.get $c))))
                    (local.set $m (f32x4.gt (local.get $v) (local.get $best)))
                    (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $m)))
                    (local.set $idx (v128.bitselect (i32x4.splat (local.get $pix)) (local.get $idx) (local.get $m)))
                    (br_if $wloop (i32.lt_s (local.tee $w (i32.add (local.get $w) (i32.const 1))) (local.get $w1))))
                  (br_if $hloop (i32.lt_s (local.tee $h (i32.add (local.get $h) (i32.const 1))) (local.get $h1))))
                (local.set $gv (v128.load (i32.add (local.get $g) (local.get $c))))
                (local.set $at (i32.add (i32.add (i32.add (local.get $dx) (i32x4.extract_lane 0 (local.get $idx))) (local.get $c)) (i32.const 0)))
                (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32x4.extract_lane 0 (local.get $gv))))
                (local.set $at (i32.add (i32.add (i32.add (local.get $dx) (i32x4.extract_lane 1 (local.get $idx))) (local.get $c)) (i32.const 4)))
                (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32x4.extract_lane 1 (local.get $gv))))
                (local.set $at (i32.add (i32.add (i32.add (local.get $dx) (i32x4.extract_lane 2 (local.get $idx))) (local.get $c)) (i32.const 8)))
                (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32x4.extract_lane 2 (local.get $gv))))
                (local.set $at (i32.add (i32.add (i32.add (local.get $dx) (i32x4.extract_lane 3 (local.get $idx))) (local.get $c)) (i32.const 12)))
                (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32x4.extract_lane 3 (local.get $gv))))
                (br_if $cloop (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $pixel))))))
          (local.set $g (i32.add (local.get $g) (local.get $pixel)))
          (br_if $xloop (i32.lt_u (local.tee $xo (i32.add (local.get $xo) (i32.const 1))) (local.get $ow))))
        (br_if $yloop (i32.lt_u (local.tee $y (i32.add (local.get $y) (i32.const 1))) (local.get $oh))))
      (br_if $bloop (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $n))))
  )
)

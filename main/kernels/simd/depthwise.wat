;; Depthwise convolution kernels in WebAssembly SIMD (channel multiplier 1), for the wasm
;; backend's depthwise gradients (main/kernels/depthwiseBackprop.ts prepares the operands).
;; Four channels at a time; C must be a multiple of 4. Addresses are byte offsets in the
;; backend's memory; x is zero-padded by the caller, so every tap is inside it.
;;
;; Rebuild the bytes after editing: npx tsx scripts/buildWasm.ts
(module
  (import "env" "memory" (memory 1))

  ;; out[t, c] (+)= Σ over output positions p of x[base(p) + offs[t] + c] · dy[p, c]
  ;; Tiles of 4 taps (taps a multiple of 4; padding taps read offset 0 and are cut by the
  ;; caller). With accumulate ≠ 0, the sums add to what out holds (the caller runs a few images
  ;; per call so that they stay in cache).
  (func (export "depthwiseFilterGradient")
    (param $x i32) (param $dy i32) (param $out i32) (param $offs i32) (param $taps i32) (param $C i32)
    (param $n i32) (param $oh i32) (param $ow i32)
    (param $imgStride i32) (param $rowStride i32) (param $colStride i32) (param $accumulate i32)
    (local $cb i32) (local $c i32) (local $t i32) (local $op i32)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32)
    (local $b i32) (local $y i32) (local $i i32) (local $xi i32) (local $xrow i32) (local $xp i32) (local $dp i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $d v128)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $c (i32.const 0))
    (loop $cloop
      (local.set $t (i32.const 0))
      (loop $tloop
        (local.set $op (i32.add (local.get $offs) (i32.shl (local.get $t) (i32.const 2))))
        (local.set $o0 (i32.add (i32.load offset=0 (local.get $op)) (local.get $c)))
        (local.set $o1 (i32.add (i32.load offset=4 (local.get $op)) (local.get $c)))
        (local.set $o2 (i32.add (i32.load offset=8 (local.get $op)) (local.get $c)))
        (local.set $o3 (i32.add (i32.load offset=12 (local.get $op)) (local.get $c)))
        (local.set $op (i32.add (i32.add (local.get $out) (i32.mul (local.get $t) (local.get $cb))) (local.get $c)))
        (if (local.get $accumulate)
          (then
            (local.set $a0 (v128.load (local.get $op)))
            (local.set $a1 (v128.load (i32.add (local.get $op) (local.get $cb))))
            (local.set $a2 (v128.load (i32.add (local.get $op) (i32.shl (local.get $cb) (i32.const 1)))))
            (local.set $a3 (v128.load (i32.add (local.get $op) (i32.mul (local.get $cb) (i32.const 3))))))
          (else
            (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))))
        (local.set $dp (i32.add (local.get $dy) (local.get $c)))
        (local.set $xi (local.get $x))
        (local.set $b (local.get $n))
        (loop $bloop
          (local.set $xrow (local.get $xi))
          (local.set $y (local.get $oh))
          (loop $yloop
            (local.set $xp (local.get $xrow))
            (local.set $i (local.get $ow))
            (loop $xloop
              (local.set $d (v128.load (local.get $dp)))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (i32.add (local.get $xp) (local.get $o0))) (local.get $d))))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load (i32.add (local.get $xp) (local.get $o1))) (local.get $d))))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load (i32.add (local.get $xp) (local.get $o2))) (local.get $d))))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load (i32.add (local.get $xp) (local.get $o3))) (local.get $d))))
              (local.set $xp (i32.add (local.get $xp) (local.get $colStride)))
              (local.set $dp (i32.add (local.get $dp) (local.get $cb)))
              (br_if $xloop (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
            (local.set $xrow (i32.add (local.get $xrow) (local.get $rowStride)))
            (br_if $yloop (local.tee $y (i32.sub (local.get $y) (i32.const 1)))))
          (local.set $xi (i32.add (local.get $xi) (local.get $imgStride)))
          (br_if $bloop (local.tee $b (i32.sub (local.get $b) (i32.const 1)))))
        (v128.store (local.get $op) (local.get $a0))
        (v128.store (i32.add (local.get $op) (local.get $cb)) (local.get $a1))
        (v128.store (i32.add (local.get $op) (i32.shl (local.get $cb) (i32.const 1))) (local.get $a2))
        (v128.store (i32.add (local.get $op) (i32.mul (local.get $cb) (i32.const 3))) (local.get $a3))
        (br_if $tloop (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 4))) (local.get $taps))))
      (br_if $cloop (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $cb))))
  )

  ;; out[p, c] = Σ over taps t of x[base(p) + offs[t] + c] · w[t, c], out contiguous [n, oh, ow, C].
  ;; Positions in tiles of 4 along a row (each w load serves four), then one at a time.
  (func (export "depthwiseConv")
    (param $x i32) (param $w i32) (param $out i32) (param $offs i32) (param $taps i32) (param $C i32)
    (param $n i32) (param $oh i32) (param $ow i32)
    (param $imgStride i32) (param $rowStride i32) (param $colStride i32)
    (local $cb i32) (local $c i32) (local $t i32) (local $tEnd i32) (local $wp i32) (local $ad i32)
    (local $b i32) (local $y i32) (local $i i32) (local $xi i32) (local $xrow i32) (local $xp i32) (local $op i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $wv v128)
    (local.set $cb (i32.shl (local.get $C) (i32.const 2)))
    (local.set $tEnd (i32.add (local.get $offs) (i32.shl (local.get $taps) (i32.const 2))))
    (local.set $op (local.get $out))
    (local.set $xi (local.get $x))
    (local.set $b (local.get $n))
    (loop $bloop
      (local.set $xrow (local.get $xi))
      (local.set $y (local.get $oh))
      (loop $yloop
        (local.set $xp (local.get $xrow))
        (local.set $i (local.get $ow))
        (block $tilesDone (loop $tiles
          (br_if $tilesDone (i32.lt_u (local.get $i) (i32.const 4)))
          (local.set $c (i32.const 0))
          (loop $cloop
            (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
            (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
            (local.set $wp (i32.add (local.get $w) (local.get $c)))
            (local.set $t (local.get $offs))
            (loop $taploop
              (local.set $wv (v128.load (local.get $wp)))
              (local.set $ad (i32.add (i32.add (local.get $xp) (i32.load (local.get $t))) (local.get $c)))
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $ad)) (local.get $wv))))
              (local.set $ad (i32.add (local.get $ad) (local.get $colStride)))
              (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load (local.get $ad)) (local.get $wv))))
              (local.set $ad (i32.add (local.get $ad) (local.get $colStride)))
              (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load (local.get $ad)) (local.get $wv))))
              (local.set $ad (i32.add (local.get $ad) (local.get $colStride)))
              (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load (local.get $ad)) (local.get $wv))))
              (local.set $wp (i32.add (local.get $wp) (local.get $cb)))
              (br_if $taploop (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 4))) (local.get $tEnd))))
            (v128.store (i32.add (local.get $op) (local.get $c)) (local.get $a0))
            (v128.store (i32.add (i32.add (local.get $op) (local.get $cb)) (local.get $c)) (local.get $a1))
            (v128.store (i32.add (i32.add (local.get $op) (i32.shl (local.get $cb) (i32.const 1))) (local.get $c)) (local.get $a2))
            (v128.store (i32.add (i32.add (local.get $op) (i32.mul (local.get $cb) (i32.const 3))) (local.get $c)) (local.get $a3))
            (br_if $cloop (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $cb))))
          (local.set $xp (i32.add (local.get $xp) (i32.shl (local.get $colStride) (i32.const 2))))
          (local.set $op (i32.add (local.get $op) (i32.shl (local.get $cb) (i32.const 2))))
          (local.set $i (i32.sub (local.get $i) (i32.const 4)))
          (br $tiles)))
        (block $singlesDone (loop $singles
          (br_if $singlesDone (i32.eqz (local.get $i)))
          (local.set $c (i32.const 0))
          (loop $cloop1
            (local.set $a0 (v128.const i32x4 0 0 0 0))
            (local.set $wp (i32.add (local.get $w) (local.get $c)))
            (local.set $t (local.get $offs))
            (loop $taploop1
              (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul
                (v128.load (i32.add (i32.add (local.get $xp) (i32.load (local.get $t))) (local.get $c)))
                (v128.load (local.get $wp)))))
              (local.set $wp (i32.add (local.get $wp) (local.get $cb)))
              (br_if $taploop1 (i32.lt_u (local.tee $t (i32.add (local.get $t) (i32.const 4))) (local.get $tEnd))))
            (v128.store (i32.add (local.get $op) (local.get $c)) (local.get $a0))
            (br_if $cloop1 (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 16))) (local.get $cb))))
          (local.set $xp (i32.add (local.get $xp) (local.get $colStride)))
          (local.set $op (i32.add (local.get $op) (local.get $cb)))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (br $singles)))
        (local.set $xrow (i32.add (local.get $xrow) (local.get $rowStride)))
        (br_if $yloop (local.tee $y (i32.sub (local.get $y) (i32.const 1)))))
      (local.set $xi (i32.add (local.get $xi) (local.get $imgStride)))
      (br_if $bloop (local.tee $b (i32.sub (local.get $b) (i32.const 1)))))
  )
)

set terminal svg size 900,560 dynamic font 'sans,11'
set output "tanhf_m10_10_ulp_vs_speed.svg"
set title "tanhf on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:88.8254]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.43302 1.3736 "libmvec avx512"
0.511796 2.85964 "sleef-u35 avx512"
0.589086 1.34742 "xsimd avx512"
0.678357 1.34742 "xsimd avx2"
0.742583 1.0265 "libmvec avx2"
0.889028 2.85964 "sleef-u35 avx2"
1.45389 1 "sleef-u10 avx512"
2.14959 1 "sleef-u10 avx2"
EOD
$ours << EOD
0.422979 14.8042 "ulpforge (ulpforge_tanhf_u16) avx512"
0.454411 1.76241 "ulpforge (ulpforge_tanhf_u2) avx512"
0.49235 0.993279 "ulpforge avx512"
0.501642 3.50244 "ulpforge (ulpforge_tanhf_u4) avx512"
0.504138 0.993279 "ulpforge (best) host"
0.560344 14.8042 "ulpforge (ulpforge_tanhf_u16) avx2"
0.63526 3.50244 "ulpforge (ulpforge_tanhf_u4) avx2"
0.649276 1.76241 "ulpforge (ulpforge_tanhf_u2) avx2"
0.67635 0.993279 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

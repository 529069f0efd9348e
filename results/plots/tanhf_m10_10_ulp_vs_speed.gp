set terminal svg size 900,560 dynamic font 'sans,11'
set output "tanhf_m10_10_ulp_vs_speed.svg"
set title "tanhf on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:29.3774]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.361988 4.89624 "eigen avx2"
0.377975 4.89624 "eigen avx512"
0.431278 1.3736 "libmvec avx512"
0.605758 2.85964 "sleef-u35 avx512"
0.623238 2.85964 "highway avx512"
0.686069 1.34742 "xsimd avx512"
0.909606 1.34742 "xsimd avx2"
0.998724 1.0265 "libmvec avx2"
1.00521 2.85964 "highway avx2"
1.16653 2.85964 "sleef-u35 avx2"
1.61664 1 "sleef-u10 avx512"
2.59779 1 "sleef-u10 avx2"
EOD
$ours << EOD
0.480537 3.50244 "ulpforge (ulpforge_tanhf_u4) avx512"
0.526321 1.76241 "ulpforge (ulpforge_tanhf_u2) avx512"
0.55747 0.993279 "ulpforge (best) host"
0.561639 0.993279 "ulpforge avx512"
0.826095 1.76241 "ulpforge (ulpforge_tanhf_u2) avx2"
0.826762 3.50244 "ulpforge (ulpforge_tanhf_u4) avx2"
0.904003 0.993279 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

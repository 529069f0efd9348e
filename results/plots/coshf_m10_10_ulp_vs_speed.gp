set terminal svg size 900,560 dynamic font 'sans,11'
set output "coshf_m10_10_ulp_vs_speed.svg"
set title "coshf on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:14.8658]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.454959 2.47764 "libmvec avx512"
0.524452 1.44647 "sleef-u35 avx512"
0.572987 2.07941 "libmvec avx2"
0.580111 1.91285 "xsimd avx512"
0.681667 1.98094 "xsimd avx2"
1.28052 1.44647 "sleef-u35 avx2"
1.48325 0.502767 "sleef-u10 avx512"
2.55422 0.502767 "sleef-u10 avx2"
7.6749 1.02384 "glibc scalar"
EOD
$ours << EOD
0.738156 1.94362 "ulpforge (ulpforge_coshf_u2) avx512"
0.752454 0.897998 "ulpforge avx512"
0.756434 0.897998 "ulpforge (best) host"
1.13332 0.897998 "ulpforge avx2"
1.273 1.94362 "ulpforge (ulpforge_coshf_u2) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

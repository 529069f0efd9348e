set terminal svg size 900,560 dynamic font 'sans,11'
set output "atanf_m10_10_ulp_vs_speed.svg"
set title "atanf on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:15.818]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.565084 2.29567 "xsimd avx2"
0.606345 2.63634 "sleef-u35 avx2"
1.03601 0.938356 "sleef-u10 avx512"
1.86346 0.938356 "sleef-u10 avx2"
6.37791 0.852108 "glibc scalar"
EOD
$ours << EOD
0.588555 2.01183 "ulpforge (ulpforge_atanf_u4) avx512"
0.628981 0.970183 "ulpforge (best) host"
0.678418 1.10173 "ulpforge (ulpforge_atanf_u2) avx512"
0.682847 0.970183 "ulpforge avx512"
0.883181 2.01183 "ulpforge (ulpforge_atanf_u4) avx2"
1.10173 1.10173 "ulpforge (ulpforge_atanf_u2) avx2"
1.11404 0.970183 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

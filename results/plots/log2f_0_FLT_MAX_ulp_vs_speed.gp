set terminal svg size 900,560 dynamic font 'sans,11'
set output "log2f_0_FLT_MAX_ulp_vs_speed.svg"
set title "log2f on (0,FLT_MAX]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:9.04397e+06]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.290572 2.11554 "libmvec avx512"
0.339572 3.07246 "sleef-u35 avx512"
0.449174 1.87288 "highway avx512"
0.553568 1.80444 "xsimd avx512"
0.579587 2.08132 "libmvec avx2"
0.67969 1.87288 "highway avx2"
0.691448 0.673547 "sleef-u10 avx512"
0.729731 1.8013 "xsimd avx2"
0.770646 3.07246 "sleef-u35 avx2"
0.778007 1.50733e+06 "eigen avx2"
0.78116 1.50733e+06 "eigen avx512"
1.4553 0.673547 "sleef-u10 avx2"
4.05189 0.751762 "glibc scalar"
EOD
$ours << EOD
0.406245 4.51836 "ulpforge (ulpforge_log2f_u16) avx512"
0.427446 1.4107 "ulpforge (ulpforge_log2f_u2) avx512"
0.465809 0.979775 "ulpforge avx512"
0.49611 0.979775 "ulpforge (best) host"
0.731042 0.979775 "ulpforge avx2"
0.810203 4.51836 "ulpforge (ulpforge_log2f_u16) avx2"
0.871087 1.4107 "ulpforge (ulpforge_log2f_u2) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

set terminal svg size 900,560 dynamic font 'sans,11'
set output "log10f_0_FLT_MAX_ulp_vs_speed.svg"
set title "log10f on (0,FLT_MAX]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:22.8023]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.708404 0.831587 "xsimd avx512"
EOD
$ours << EOD
0.402279 3.80039 "ulpforge (ulpforge_log10f_u4) avx512"
0.421024 1.81717 "ulpforge (ulpforge_log10f_u2) avx512"
0.467141 0.962218 "ulpforge avx512"
0.556493 0.962218 "ulpforge (best) host"
0.640486 3.80039 "ulpforge (ulpforge_log10f_u4) avx2"
0.692922 1.81717 "ulpforge (ulpforge_log10f_u2) avx2"
0.785593 0.962218 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

set terminal svg size 900,560 dynamic font 'sans,11'
set output "atanhf_m1_1_ulp_vs_speed.svg"
set title "atanhf on [-1,1]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:28.5527]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
1.54229 1 "sleef-u10 avx512"
2.71054 1 "sleef-u10 avx2"
15.6454 1.72231 "glibc scalar"
EOD
$ours << EOD
0.941661 1.19152 "ulpforge (ulpforge_atanhf_u2) avx512"
0.983689 4.75879 "ulpforge (ulpforge_atanhf_u16) avx512"
1.05956 0.672336 "ulpforge (best) host"
1.24789 0.672336 "ulpforge avx512"
1.65416 4.75879 "ulpforge (ulpforge_atanhf_u16) avx2"
1.7262 1.19152 "ulpforge (ulpforge_atanhf_u2) avx2"
1.74282 0.672336 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

set terminal svg size 900,560 dynamic font 'sans,11'
set output "erfcf_m10_10_ulp_vs_speed.svg"
set title "erfcf on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:54.9112]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.917778 1.61475 "libmvec avx2"
1.09832 1.61475 "libmvec avx512"
4.32009 1.44774 "sleef-u15 avx512"
7.5429 1.44774 "sleef-u15 avx2"
16.3545 3.12575 "glibc scalar"
EOD
$ours << EOD
3.31985 9.15186 "ulpforge (ulpforge_erfcf_u16) avx512"
3.3601 1.58646 "ulpforge (ulpforge_erfcf_u2) avx512"
3.39595 2.23113 "ulpforge (ulpforge_erfcf_u4) avx512"
3.61709 0.989719 "ulpforge avx512"
3.63761 0.989719 "ulpforge (best) host"
5.51373 1.58646 "ulpforge (ulpforge_erfcf_u2) avx2"
5.55665 2.23113 "ulpforge (ulpforge_erfcf_u4) avx2"
5.57662 9.15186 "ulpforge (ulpforge_erfcf_u16) avx2"
5.85105 0.989719 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

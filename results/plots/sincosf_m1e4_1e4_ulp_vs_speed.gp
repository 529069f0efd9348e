set terminal svg size 900,560 dynamic font 'sans,11'
set output "sincosf_m1e4_1e4_ulp_vs_speed.svg"
set title "sincosf on [-1e4,1e4]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:15.022]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.466997 2.50367 "sleef-u35 avx512"
0.960426 2.50367 "sleef-u35 avx2"
2.92164 0.894167 "sleef-u10 avx512"
3.98987 0.894167 "sleef-u10 avx2"
7.11353 0.560697 "glibc scalar"
7.48491 2.34222 "xsimd avx512"
8.70918 2.34222 "xsimd avx2"
EOD
$ours << EOD
0.633488 0.881861 "ulpforge avx512"
1.12414 0.881861 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

set terminal svg size 900,560 dynamic font 'sans,11'
set output "asinf_m1_1_ulp_vs_speed.svg"
set title "asinf on [-1,1]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:6]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.812242 0.776764 "sleef-u10 avx512"
1.14361 0.776764 "sleef-u10 avx2"
4.95537 0.897694 "glibc scalar"
EOD
$ours << EOD
0.40257 0.86303 "ulpforge avx512"
0.406766 0.86303 "ulpforge (best) host"
0.591234 0.86303 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

set terminal svg size 900,560 dynamic font 'sans,11'
set output "cosf_m1e4_1e4_ulp_vs_speed.svg"
set title "cosf on [-1e4,1e4]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:31.653]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.316459 2.42379 "highway avx512"
0.321131 2.49394 "sleef-u35 avx512"
0.420477 2.01369 "libmvec avx2"
0.466189 1.47995 "eigen avx512"
0.473057 2.01369 "libmvec avx512"
0.546534 2.42379 "highway avx2"
0.75596 2.49394 "sleef-u35 avx2"
0.948871 1.47995 "eigen avx2"
3.96252 0.936156 "sleef-u10 avx512"
5.28635 0.936156 "sleef-u10 avx2"
6.30651 2.33754 "xsimd avx512"
6.54801 2.33754 "xsimd avx2"
EOD
$ours << EOD
0.484777 0.862063 "ulpforge (best) host"
0.502437 5.27549 "ulpforge (ulpforge_cosf_u16) avx512"
0.519722 0.862063 "ulpforge avx512"
0.68766 5.27549 "ulpforge (ulpforge_cosf_u16) avx2"
0.739181 0.862063 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

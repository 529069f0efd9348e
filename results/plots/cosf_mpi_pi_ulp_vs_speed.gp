set terminal svg size 900,560 dynamic font 'sans,11'
set output "cosf_mpi_pi_ulp_vs_speed.svg"
set title "cosf on [-pi,pi]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:31.653]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.279445 1.97394 "sleef-u35 avx512"
0.358727 2.34068 "highway avx512"
0.370818 1.93035 "libmvec avx512"
0.469472 1.43138 "eigen avx512"
0.4815 2.34068 "highway avx2"
0.495273 1.93035 "libmvec avx2"
0.761824 0.936156 "sleef-u10 avx512"
0.767726 1.97394 "sleef-u35 avx2"
0.794369 1.43138 "eigen avx2"
0.879958 1.49785 "xsimd avx512"
1.15302 1.49324 "xsimd avx2"
1.17966 0.936156 "sleef-u10 avx2"
EOD
$ours << EOD
0.488464 0.862063 "ulpforge (best) host"
0.491464 5.27549 "ulpforge (ulpforge_cosf_u16) avx512"
0.525401 0.862063 "ulpforge avx512"
0.681409 0.862063 "ulpforge avx2"
0.778853 5.27549 "ulpforge (ulpforge_cosf_u16) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

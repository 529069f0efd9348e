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
0.252069 1.97394 "sleef-u35 avx512"
0.311425 1.93035 "libmvec avx512"
0.556304 1.93035 "libmvec avx2"
0.635169 1.97394 "sleef-u35 avx2"
0.686791 0.936156 "sleef-u10 avx512"
0.710585 1.49785 "xsimd avx512"
0.843446 1.49324 "xsimd avx2"
1.11422 0.936156 "sleef-u10 avx2"
EOD
$ours << EOD
0.45656 0.862063 "ulpforge (best) host"
0.482972 5.27549 "ulpforge (ulpforge_cosf_u16) avx512"
0.48661 0.862063 "ulpforge avx512"
0.594911 0.862063 "ulpforge avx2"
0.616201 5.27549 "ulpforge (ulpforge_cosf_u16) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

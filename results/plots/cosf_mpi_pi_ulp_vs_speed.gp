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
0.303518 1.97394 "sleef-u35 avx512"
0.353049 2.34068 "highway avx512"
0.374728 1.93035 "libmvec avx512"
0.459614 1.93035 "libmvec avx2"
0.528041 1.43138 "eigen avx512"
0.53805 2.34068 "highway avx2"
0.798013 0.936156 "sleef-u10 avx512"
0.861363 1.97394 "sleef-u35 avx2"
0.925929 1.49785 "xsimd avx512"
1.01331 1.43138 "eigen avx2"
1.30477 1.49324 "xsimd avx2"
1.41712 0.936156 "sleef-u10 avx2"
4.89008 0.560426 "glibc scalar"
EOD
$ours << EOD
0.547954 0.862063 "ulpforge (best) host"
0.557513 0.862063 "ulpforge avx512"
0.567062 5.27549 "ulpforge (ulpforge_cosf_u16) avx512"
0.75874 0.862063 "ulpforge avx2"
0.856539 5.27549 "ulpforge (ulpforge_cosf_u16) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

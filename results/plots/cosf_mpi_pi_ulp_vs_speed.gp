set terminal svg size 900,560 dynamic font 'sans,11'
set output "cosf_mpi_pi_ulp_vs_speed.svg"
set title "cosf on [-pi,pi]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:14.0441]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.200467 2.34068 "highway avx512"
0.213111 1.97394 "sleef-u35 avx512"
0.275734 1.93035 "libmvec avx512"
0.295518 1.43138 "eigen avx512"
0.383705 1.93035 "libmvec avx2"
0.39552 2.34068 "highway avx2"
0.476865 1.97394 "sleef-u35 avx2"
0.503465 0.936156 "sleef-u10 avx512"
0.540856 1.49785 "xsimd avx512"
0.562914 1.43138 "eigen avx2"
0.797614 1.49324 "xsimd avx2"
1.06013 0.936156 "sleef-u10 avx2"
2.48125 0.560426 "glibc scalar"
EOD
$ours << EOD
0.316103 0.893927 "ulpforge (best) host"
0.351895 0.893927 "ulpforge avx512"
0.665017 0.893927 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

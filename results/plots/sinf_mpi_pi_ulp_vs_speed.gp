set terminal svg size 900,560 dynamic font 'sans,11'
set output "sinf_mpi_pi_ulp_vs_speed.svg"
set title "sinf on [-pi,pi]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:45.6217]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.318579 1.91158 "sleef-u35 avx512"
0.331397 2.34033 "highway avx512"
0.394882 2.34033 "highway avx2"
0.434411 2.11162 "libmvec avx512"
0.526465 1.38269 "eigen avx512"
0.559405 2.11162 "libmvec avx2"
0.689307 0.793499 "sleef-u10 avx512"
0.711573 1.38269 "eigen avx2"
0.756485 1.91158 "sleef-u35 avx2"
0.967168 1.5548 "xsimd avx512"
0.985849 1.5548 "xsimd avx2"
1.04817 0.793499 "sleef-u10 avx2"
4.01785 0.560697 "glibc scalar"
EOD
$ours << EOD
0.550856 0.89614 "ulpforge (best) host"
0.58035 0.89614 "ulpforge avx512"
0.634702 7.60362 "ulpforge (ulpforge_sinf_u16) avx512"
0.736074 0.89614 "ulpforge avx2"
0.804626 7.60362 "ulpforge (ulpforge_sinf_u16) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

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
0.268579 1.91158 "sleef-u35 avx512"
0.308813 2.34033 "highway avx512"
0.428417 2.11162 "libmvec avx512"
0.444071 2.34033 "highway avx2"
0.470855 1.38269 "eigen avx512"
0.479296 2.11162 "libmvec avx2"
0.644195 0.793499 "sleef-u10 avx512"
0.689323 1.91158 "sleef-u35 avx2"
0.80698 1.38269 "eigen avx2"
0.931598 1.5548 "xsimd avx512"
1.11879 0.793499 "sleef-u10 avx2"
1.16744 1.5548 "xsimd avx2"
EOD
$ours << EOD
0.500161 0.89614 "ulpforge (best) host"
0.505242 7.60362 "ulpforge (ulpforge_sinf_u16) avx512"
0.517703 0.89614 "ulpforge avx512"
0.623827 7.60362 "ulpforge (ulpforge_sinf_u16) avx2"
0.66421 0.89614 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

set terminal svg size 900,560 dynamic font 'sans,11'
set output "sinhf_m10_10_ulp_vs_speed.svg"
set title "sinhf on [-10,10]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:20.4157]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.511187 1.54599 "libmvec avx512"
0.523699 1.54599 "libmvec avx2"
0.674965 3.40261 "highway avx512"
0.715347 3.40261 "sleef-u35 avx512"
0.818489 2.06284 "xsimd avx512"
1.10649 3.40261 "highway avx2"
1.15384 2.07877 "xsimd avx2"
1.3227 3.40261 "sleef-u35 avx2"
1.61179 1 "sleef-u10 avx512"
2.61384 1 "sleef-u10 avx2"
24.7191 1.8271 "glibc scalar"
EOD
$ours << EOD
0.753476 1.39887 "ulpforge (ulpforge_sinhf_u2) avx512"
0.812865 0.811037 "ulpforge avx512"
0.975797 0.811037 "ulpforge (best) host"
1.16747 1.39887 "ulpforge (ulpforge_sinhf_u2) avx2"
1.36324 0.811037 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

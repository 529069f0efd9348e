set terminal svg size 900,560 dynamic font 'sans,11'
set output "tanf_mpi_pi_ulp_vs_speed.svg"
set title "tanf on [-pi,pi]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:21.9038]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.425513 3.65063 "libmvec avx2"
0.458154 2.6529 "sleef-u35 avx2"
0.512087 2.52554 "xsimd avx2"
1.5486 0.934971 "sleef-u10 avx2"
9.62466 1.28446 "glibc scalar"
EOD
$ours << EOD
0.479772 0.96945 "ulpforge (best) host"
0.51334 0.96945 "ulpforge avx512"
1.01829 0.96945 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

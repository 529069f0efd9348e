set terminal svg size 900,560 dynamic font 'sans,11'
set output "sincosf_mpi_pi_ulp_vs_speed.svg"
set title "sincosf on [-pi,pi]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:9.74058]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.414646 1.62343 "sleef-u35 avx512"
0.619275 0.886394 "sleef-u10 avx512"
0.769212 1.5548 "xsimd avx512"
0.861422 1.62343 "sleef-u35 avx2"
1.05031 1.5548 "xsimd avx2"
1.35263 0.886394 "sleef-u10 avx2"
5.44089 0.560697 "glibc scalar"
EOD
$ours << EOD
0.624753 0.881861 "ulpforge avx512"
1.10809 0.881861 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

set terminal svg size 900,560 dynamic font 'sans,11'
set output "sinf_mpi_pi_ulp_vs_speed.svg"
set title "sinf on [-pi,pi]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:14.042]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.162119 1.91158 "sleef-u35 avx512"
0.184302 2.34033 "highway avx512"
0.242814 2.11162 "libmvec avx512"
0.279021 1.38269 "eigen avx512"
0.355137 2.11162 "libmvec avx2"
0.355958 2.34033 "highway avx2"
0.364311 0.793499 "sleef-u10 avx512"
0.372741 1.91158 "sleef-u35 avx2"
0.518581 1.5548 "xsimd avx512"
0.548159 1.38269 "eigen avx2"
0.760043 1.5548 "xsimd avx2"
0.802733 0.793499 "sleef-u10 avx2"
1.99132 0.560697 "glibc scalar"
EOD
$ours << EOD
0.316734 0.92567 "ulpforge (best) host"
0.375019 0.92567 "ulpforge avx512"
0.648421 0.92567 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

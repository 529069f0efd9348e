set terminal svg size 900,560 dynamic font 'sans,11'
set output "exp10f_m37.5_38.5_ulp_vs_speed.svg"
set title "exp10f on [-37.5,38.5]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:1.00664e+08]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.336636 1.00362 "sleef-u35 avx512"
0.38561 1.67773e+07 "xsimd avx2"
0.402103 1.67773e+07 "xsimd avx512"
0.530429 0.821433 "sleef-u10 avx512"
0.644823 1.00362 "sleef-u35 avx2"
0.935666 1.73446 "libmvec avx2"
1.21349 0.821433 "sleef-u10 avx2"
4.2857 0.501638 "glibc scalar"
EOD
$ours << EOD
0.299572 0.955876 "ulpforge avx512"
0.318893 0.955876 "ulpforge (best) host"
0.481236 0.955876 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

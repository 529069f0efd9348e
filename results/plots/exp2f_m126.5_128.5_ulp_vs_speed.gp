set terminal svg size 900,560 dynamic font 'sans,11'
set output "exp2f_m126.5_128.5_ulp_vs_speed.svg"
set title "exp2f on [-126.5,128.5]: max ULP (all inputs) vs ns/element"
set xlabel 'ns per element (4096-float array, lower is better)'
set ylabel 'max ULP error (log scale)'
set logscale y
set grid
set key outside right
set xrange [0:*]
set yrange [0.3:5.03316e+07]
set offsets graph 0.05, graph 0.25, 0, 0
$base << EOD
0.310831 0.878363 "sleef-u10 avx512"
0.313888 0.878363 "sleef-u35 avx512"
0.314317 8.38861e+06 "xsimd avx512"
0.327945 8.38861e+06 "xsimd avx2"
0.530103 0.878363 "sleef-u35 avx2"
0.578505 1.00428 "libmvec avx512"
0.608829 0.878363 "sleef-u10 avx2"
0.624154 0.822622 "libmvec avx2"
EOD
$ours << EOD
0.24557 1.29026 "ulpforge (ulpforge_exp2f_u2) avx512"
0.268431 0.907518 "ulpforge (best) host"
0.268591 0.907518 "ulpforge avx512"
0.36041 1.29026 "ulpforge (ulpforge_exp2f_u2) avx2"
0.498221 0.907518 "ulpforge avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

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
0.315641 8.38861e+06 "xsimd avx512"
0.329061 8.38861e+06 "xsimd avx2"
0.337846 0.878363 "sleef-u35 avx512"
0.342234 0.878363 "sleef-u10 avx512"
0.574521 0.878363 "sleef-u35 avx2"
0.597128 0.822622 "libmvec avx2"
0.640838 0.878363 "sleef-u10 avx2"
0.647995 1.00428 "libmvec avx512"
4.25887 0.501636 "glibc scalar"
EOD
$ours << EOD
0.244343 1.29026 "ulpforge (ulpforge_exp2f_u2) avx512"
0.277289 0.907518 "ulpforge avx512"
0.296365 0.907518 "ulpforge (best) host"
0.390395 0.907518 "ulpforge avx2"
0.432215 1.29026 "ulpforge (ulpforge_exp2f_u2) avx2"
EOD
plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', $base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle, $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', $ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle

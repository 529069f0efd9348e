set terminal svg size 900,472 dynamic font 'sans,11'
set output "sinhf_m10_10_speed.svg"
set title "sinhf on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.511187 "libmvec avx512" 4487082
1 0.523699 "libmvec avx2" 4487082
2 0.674965 "highway avx512" 4487082
3 0.715347 "sleef-u35 avx512" 4487082
4 0.753476 "ulpforge (ulpforge_sinhf_u2) avx512" 13382417
5 0.812865 "ulpforge avx512" 13382417
6 0.818489 "xsimd avx512" 4487082
7 0.975797 "ulpforge (best) host" 13382417
8 1.10649 "highway avx2" 4487082
9 1.15384 "xsimd avx2" 4487082
10 1.16747 "ulpforge (ulpforge_sinhf_u2) avx2" 13382417
11 1.3227 "sleef-u35 avx2" 4487082
12 1.36324 "ulpforge avx2" 13382417
13 1.61179 "sleef-u10 avx512" 4487082
14 2.61384 "sleef-u10 avx2" 4487082
15 24.7191 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable

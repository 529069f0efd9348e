set terminal svg size 900,428 dynamic font 'sans,11'
set output "exp2f_m126.5_128.5_speed.svg"
set title "exp2f on [-126.5,128.5]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.244343 "ulpforge (ulpforge_exp2f_u2) avx512" 13382417
1 0.277289 "ulpforge avx512" 13382417
2 0.296365 "ulpforge (best) host" 13382417
3 0.315641 "xsimd avx512" 4487082
4 0.329061 "xsimd avx2" 4487082
5 0.337846 "sleef-u35 avx512" 4487082
6 0.342234 "sleef-u10 avx512" 4487082
7 0.390395 "ulpforge avx2" 13382417
8 0.432215 "ulpforge (ulpforge_exp2f_u2) avx2" 13382417
9 0.574521 "sleef-u35 avx2" 4487082
10 0.597128 "libmvec avx2" 4487082
11 0.640838 "sleef-u10 avx2" 4487082
12 0.647995 "libmvec avx512" 4487082
13 4.25887 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable

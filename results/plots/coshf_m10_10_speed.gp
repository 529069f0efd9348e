set terminal svg size 900,428 dynamic font 'sans,11'
set output "coshf_m10_10_speed.svg"
set title "coshf on [-10,10]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:13.6]
set xrange [0:*]
$d << EOD
0 0.454959 "libmvec avx512" 4487082
1 0.524452 "sleef-u35 avx512" 4487082
2 0.572987 "libmvec avx2" 4487082
3 0.580111 "xsimd avx512" 4487082
4 0.681667 "xsimd avx2" 4487082
5 0.738156 "ulpforge (ulpforge_coshf_u2) avx512" 13382417
6 0.752454 "ulpforge avx512" 13382417
7 0.756434 "ulpforge (best) host" 13382417
8 1.13332 "ulpforge avx2" 13382417
9 1.273 "ulpforge (ulpforge_coshf_u2) avx2" 13382417
10 1.28052 "sleef-u35 avx2" 4487082
11 1.48325 "sleef-u10 avx512" 4487082
12 2.55422 "sleef-u10 avx2" 4487082
13 7.6749 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable

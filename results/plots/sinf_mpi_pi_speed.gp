set terminal svg size 900,472 dynamic font 'sans,11'
set output "sinf_mpi_pi_speed.svg"
set title "sinf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.475265 "highway avx2" 4487082
1 0.578603 "libmvec avx2" 4487082
2 0.797061 "sleef-u35 avx2" 4487082
3 0.843964 "eigen avx2" 4487082
4 0.938299 "ulpforge avx2" 13382417
5 1.15777 "xsimd avx2" 4487082
6 1.31104 "sleef-u10 avx2" 4487082
7 4.37618 "ulpforge (best) host" 13382417
8 4.82033 "glibc scalar" 4487082
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable

set terminal svg size 900,472 dynamic font 'sans,11'
set output "cosf_mpi_pi_speed.svg"
set title "cosf on [-pi,pi]: ns per element (lower is better)"
set style fill solid 0.8
set grid x
unset key
set yrange [-0.6:15.6]
set xrange [0:*]
$d << EOD
0 0.496532 "highway avx2" 4487082
1 0.636905 "libmvec avx2" 4487082
2 0.830275 "eigen avx2" 4487082
3 0.896201 "sleef-u35 avx2" 4487082
4 0.945982 "ulpforge avx2" 13382417
5 1.09672 "xsimd avx2" 4487082
6 1.34516 "sleef-u10 avx2" 4487082
7 4.56006 "glibc scalar" 4487082
8 5.06377 "ulpforge (best) host" 13382417
EOD
plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror lc rgb variable

/* Issue 11: memfd seals as Issue11FilesTest states them, run on 6.18.44 (gcc seals.c && ./a.out):
 * fcntl(m,F_ADD_SEALS,F_SEAL_WRITE)                            = -1 errno 16
 * fcntl(m,F_ADD_SEALS,F_SEAL_WRITE|F_SEAL_SHRINK)              = 0 errno 0
 * mmap(0,4096,PROT_READ|PROT_WRITE,MAP_SHARED,m,0)             = -1 errno 1
 * ro shared 0x7fa764c53000
 * mprotect(ro,4096,PROT_READ|PROT_WRITE)                       = -1 errno 13
 * mmap(0,4096,PROT_READ|PROT_WRITE,MAP_PRIVATE,m,0)            = 140356926906368 errno 0
 * ftruncate(m,4096)                                            = -1 errno 1
 * fcntl(n,F_ADD_SEALS,F_SEAL_WRITE)                            = -1 errno 1
 * fcntl(ro,F_ADD_SEALS,F_SEAL_WRITE)                           = -1 errno 1
 * fcntl(rw,F_ADD_SEALS,F_SEAL_WRITE)                           = -1 errno 22
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/mman.h>
#define T(x) do { errno=0; long r=(long)(x); printf("%-60s = %ld errno %d\n", #x, r, r<0||r==-1?errno:0); } while(0)
int main(){
  int m=memfd_create("buf", MFD_ALLOW_SEALING); ftruncate(m,16384);
  void *w=mmap(0,4096,PROT_READ|PROT_WRITE,MAP_SHARED,m,0);
  T(fcntl(m,F_ADD_SEALS,F_SEAL_WRITE));
  munmap(w,4096);
  T(fcntl(m,F_ADD_SEALS,F_SEAL_WRITE|F_SEAL_SHRINK));
  T(mmap(0,4096,PROT_READ|PROT_WRITE,MAP_SHARED,m,0));
  void *r=mmap(0,4096,PROT_READ,MAP_SHARED,m,0); printf("ro shared %p\n", r);
  { void *ro=r; T(mprotect(ro,4096,PROT_READ|PROT_WRITE)); }
  T(mmap(0,4096,PROT_READ|PROT_WRITE,MAP_PRIVATE,m,0));
  T(ftruncate(m,4096));
  int n=memfd_create("plain",0); ftruncate(n,4096);
  T(fcntl(n,F_ADD_SEALS,F_SEAL_WRITE));
  int ro=open("/tmp/wtb/c/seal.c",O_RDONLY);
  T(fcntl(ro,F_ADD_SEALS,F_SEAL_WRITE));
  int rw=open("/tmp/wtb/c/seal.c",O_RDWR);
  T(fcntl(rw,F_ADD_SEALS,F_SEAL_WRITE));
  return 0;
}

/* Issue 11: the kernel answers Issue11FilesTest states, as run on 6.18.44 (gcc pagecache.c && ./a.out):
 * priv[0]=7 buf[0]=7
 *   40000000-40004000 rw-s 00000000 fe:00 15343619                           /var/tmp/pcXXXXXX
 *   Rss:                  16 kB
 *   Shared_Clean:          0 kB
 *   Shared_Dirty:          4 kB
 *   Private_Clean:        12 kB
 *   Private_Dirty:         0 kB
 *   VmFlags: rd wr sh mr mw me ms 
 *   50000000-50002000 rw-p 00000000 fe:00 15343619                           /var/tmp/pcXXXXXX
 *   Rss:                   8 kB
 *   Shared_Clean:          0 kB
 *   Shared_Dirty:          4 kB
 *   Private_Clean:         0 kB
 *   Private_Dirty:         4 kB
 *   VmFlags: rd wr mr mw me ac 
 * shared rw of ro fd: 0xffffffffffffffff errno 13
 * mprotect: -1 errno 13
 * wo private: 0xffffffffffffffff errno 13
 * O_PATH: 0xffffffffffffffff errno 9 ftrunc -1 errno 9
 * ftruncate ro: -1 errno 22
 * dir: 0xffffffffffffffff errno 19
 * dir rw open: -1 errno 21
 * proc: 0xffffffffffffffff errno 19
 * sys: 0xffffffffffffffff errno 19
 *   40000000-40004000 rw-s 00000000 fe:00 15343619                           /var/tmp/pcXXXXXX
 *   Rss:                   4 kB
 *   Shared_Clean:          0 kB
 *   Shared_Dirty:          0 kB
 *   Private_Clean:         0 kB
 *   Private_Dirty:         4 kB
 *   VmFlags: rd wr sh mr mw me ms 
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/mman.h>
#include <sys/wait.h>
static void smaps(const char *start){
  char buf[1<<16]; int fd=open("/proc/self/smaps",O_RDONLY); int n=read(fd,buf,sizeof buf-1); buf[n]=0; close(fd);
  char *p=buf; int on=0;
  for(char *l=strtok(p,"\n");l;l=strtok(NULL,"\n")){
    if(strncmp(l,start,strlen(start))==0) on=1; else if(on && strchr(l,'-') && l[0]!='V' && strchr(l,':')==NULL) on=0;
    if(on && (!strncmp(l,"Rss",3)||!strncmp(l,"Shared_",7)||!strncmp(l,"Private_",8)||!strncmp(l,"VmFlags",7)||strchr(l,'-')==l+8||strchr(l,'-')==l+12)) printf("  %s\n",l);
    if(on && !strncmp(l,"VmFlags",7)) on=0;
  }
}
int main(){
  char path[]="/var/tmp/pcXXXXXX"; int fd=mkstemp(path); ftruncate(fd,16384); close(fd);
  fd=open(path,O_RDWR);
  char *buf=mmap((void*)0x40000000,16384,PROT_READ|PROT_WRITE,MAP_SHARED|MAP_FIXED,fd,0);
  buf[0]=7;
  if(fork()==0){
    char *priv=mmap((void*)0x50000000,8192,PROT_READ,MAP_PRIVATE|MAP_FIXED,fd,0);
    printf("priv[0]=%d buf[0]=%d\n",priv[0],buf[0]);
    mprotect(priv,8192,PROT_READ|PROT_WRITE); priv[4096]=9;
    smaps("40000000"); smaps("50000000"); fflush(stdout);
    _exit(0);
  }
  wait(NULL);
  int ro=open(path,O_RDONLY);
  {void*r=mmap(0,4096,PROT_READ|PROT_WRITE,MAP_SHARED,ro,0); printf("shared rw of ro fd: %p errno %d\n", r, errno);}
  char *s=mmap(0,4096,PROT_READ,MAP_SHARED,ro,0); errno=0;
  {int r=mprotect(s,4096,PROT_READ|PROT_WRITE); printf("mprotect: %d errno %d\n", r, errno);}
  int wo=open(path,O_WRONLY); errno=0;
  {void*r=mmap(0,4096,PROT_READ,MAP_PRIVATE,wo,0); printf("wo private: %p errno %d\n", r, errno);}
  int op=open(path,O_PATH); errno=0;
  {void*r=mmap(0,4096,PROT_READ,MAP_PRIVATE,op,0); int e=errno; int t=ftruncate(op,4096); printf("O_PATH: %p errno %d ftrunc %d errno %d\n", r, e, t, errno);}
  errno=0; {int r=ftruncate(ro,4096); printf("ftruncate ro: %d errno %d\n", r, errno);}
  int d=open("/var/tmp",O_RDONLY); errno=0;
  {void*r=mmap(0,4096,PROT_READ,MAP_PRIVATE,d,0); printf("dir: %p errno %d\n", r, errno);}
  errno=0; {int r=open("/var/tmp",O_RDWR); printf("dir rw open: %d errno %d\n", r, errno);}
  int st=open("/proc/self/status",O_RDONLY); errno=0;
  {void*r=mmap(0,4096,PROT_READ,MAP_PRIVATE,st,0); printf("proc: %p errno %d\n", r, errno);}
  int sy=open("/sys/kernel/mm/transparent_hugepage/enabled",O_RDONLY); errno=0;
  {void*r=mmap(0,4096,PROT_READ,MAP_PRIVATE,sy,0); printf("sys: %p errno %d\n", r, errno);}
  smaps("40000000");
  unlink(path);
  return 0;
}

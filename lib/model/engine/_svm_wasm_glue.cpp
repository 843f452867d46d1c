// Glue between libsvm 3.37 (svm.cpp, compiled beside this file by `./ser build-simd --libsvm DIR`) and TypeScript
// (`_svm_wasm_binding.ts`): dense rows in, the trained C-SVC's support vectors (as row indices), dual coefficients and
// intercepts out. Only training runs here; prediction is TypeScript (float64, the same arithmetic as svm_predict).
#include <stdlib.h>
#include <string.h>
#include "svm.h"

void *operator new(size_t n) { return malloc(n); }
void *operator new[](size_t n) { return malloc(n); }
void operator delete(void *p) noexcept { free(p); }
void operator delete[](void *p) noexcept { free(p); }
void operator delete(void *p, size_t) noexcept { free(p); }
void operator delete[](void *p, size_t) noexcept { free(p); }

extern "C" void __cxa_pure_virtual() { abort(); }

static void quiet(const char *) {}

extern "C" {

__attribute__((export_name("alloc"))) void *alloc(int bytes) { return malloc(bytes); }
__attribute__((export_name("release"))) void release(void *p) { free(p); }

// Train a C-SVC with the RBF kernel on `n` dense rows of `d` values (`x`, row-major, float64) labelled 0..k-1 (`y`),
// each class's C multiplied by `class_weight[c]` (all 1 for none). Returns a malloc'd float64 buffer:
//   [0] length of the buffer, [1] nr_class, [2] l (support vectors), then label[nr_class], nSV[nr_class],
//   rho[nr_class*(nr_class-1)/2], sv_coef[(nr_class-1)*l] (row by row), sv_index[l] (0-based training rows),
//   and [last] iterations of the last pair (for the caller's information).
// Returns 0 when libsvm refuses the parameters or memory runs out.
__attribute__((export_name("svc_fit"))) double *svc_fit(const double *x, int n, int d, const double *y, int k,
                                                         const double *class_weight, double C, double gamma, double tol,
                                                         double cache_mb, int shrinking) {
  svm_set_print_string_function(quiet);
  svm_problem prob;
  prob.l = n;
  prob.y = (double *)y;
  prob.x = (svm_node **)malloc(sizeof(svm_node *) * n);
  svm_node *nodes = (svm_node *)malloc(sizeof(svm_node) * (size_t)n * (d + 1));
  if (!prob.x || !nodes) return 0;
  for (int i = 0; i < n; i++) {
    svm_node *row = nodes + (size_t)i * (d + 1);
    for (int j = 0; j < d; j++) {
      row[j].index = j + 1;
      row[j].value = x[(size_t)i * d + j];
    }
    row[d].index = -1;
    prob.x[i] = row;
  }
  int *weight_label = (int *)malloc(sizeof(int) * k);
  double *weight = (double *)malloc(sizeof(double) * k);
  for (int c = 0; c < k; c++) {
    weight_label[c] = c;
    weight[c] = class_weight[c];
  }
  svm_parameter param;
  memset(&param, 0, sizeof(param));
  param.svm_type = C_SVC;
  param.kernel_type = RBF;
  param.gamma = gamma;
  param.C = C;
  param.eps = tol;
  param.cache_size = cache_mb;
  param.shrinking = shrinking;
  param.probability = 0;
  param.nr_weight = k;
  param.weight_label = weight_label;
  param.weight = weight;
  const char *err = svm_check_parameter(&prob, &param);
  if (err) return 0;
  svm_model *model = svm_train(&prob, &param);
  int m = model->nr_class, l = model->l, pairs = m * (m - 1) / 2;
  int len = 3 + m + m + pairs + (m - 1) * l + l + 1;
  double *out = (double *)malloc(sizeof(double) * len);
  int p = 0;
  out[p++] = len;
  out[p++] = m;
  out[p++] = l;
  for (int c = 0; c < m; c++) out[p++] = model->label[c];
  for (int c = 0; c < m; c++) out[p++] = model->nSV[c];
  for (int q = 0; q < pairs; q++) out[p++] = model->rho[q];
  for (int c = 0; c < m - 1; c++)
    for (int s = 0; s < l; s++) out[p++] = model->sv_coef[c][s];
  for (int s = 0; s < l; s++) out[p++] = model->sv_indices[s] - 1;
  out[p++] = 0;
  svm_free_and_destroy_model(&model);
  svm_destroy_param(&param);
  free(prob.x);
  free(nodes);
  return out;
}
}

;;; eglot-mmdsl.el --- EglotTest's driver: Emacs 28 + eglot 1.9 with the README's set-up  -*- lexical-binding: t -*-
;; Run as `emacs --batch -Q -l eglot-mmdsl.el FILE' with MMDSL_MODE_DIR (the generated mmdsl-mode.el's folder),
;; MMDSL_LS (mmdsl.ide/mmdsl-ls) and MMDSL_OUT. It opens FILE as a user would, then writes to MMDSL_OUT what
;; eglot shows, one item per line:
;;   diagnostic LINE:COL-LINE:COL TYPE TEXT   flymake's diagnostics, in buffer order, as eglot formats them
;;   hover LINE:COL TEXT                       the string eldoc shows (newlines as " / ")
;;   completion LINE:COL CANDIDATES            what completion-at-point offers there, space-separated
;; The requests come from MMDSL_REQUESTS, whitespace-separated: hover:L:C, complete:L:C, and
;; edit:L:C:TEXT (TEXT typed at L:C, `_' for a space, `~' for a new line; the diagnostics are written again
;; once settled).

;; The README's Emacs set-up, word for word but for the paths.
(add-to-list 'load-path (getenv "MMDSL_MODE_DIR"))
(require 'mmdsl-mode)
(require 'eglot)
(add-to-list 'eglot-server-programs `(mmdsl-mode . (,(getenv "MMDSL_LS"))))
(add-hook 'mmdsl-mode-hook #'eglot-ensure)

(require 'cl-lib)
(require 'flymake)

;; eglot 1.9 hands a publication straight to flymake only while flymake has a report function pending, and
;; otherwise keeps it for flymake's next check: with `flymake-no-changes-timeout' nil every publication is
;; kept, and the driver's `flymake-start' after the server settled shows the latest one, never a stale one.
(setq flymake-no-changes-timeout nil)

(defvar mmdsl-test--out (getenv "MMDSL_OUT"))
(defvar mmdsl-test--publishes 0 "publishDiagnostics received for the buffer.")
(defvar mmdsl-test--last-publish 0.0 "When the last one came (float-time).")

(defun mmdsl-test--write (line)
  (write-region (concat line "\n") nil mmdsl-test--out 'append 'silent))

(defun mmdsl-test--fail (msg)
  (mmdsl-test--write (concat "error " msg))
  (ignore-errors (eglot-shutdown-all))
  (kill-emacs 3))

(defun mmdsl-test--wait (secs pred)
  "Run the event loop (timers and the server's output) until PRED holds or SECS pass."
  (let ((deadline (+ (float-time) secs)) v)
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(defun mmdsl-test--pos (pos)
  (save-excursion
    (goto-char pos)
    (format "%d:%d" (line-number-at-pos pos t) (1+ (- pos (line-beginning-position))))))

(defun mmdsl-test--goto (line col)
  (goto-char (point-min))
  (forward-line (1- line))
  (forward-char (1- col)))

(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest _args)
              (when (eq method 'textDocument/publishDiagnostics)
                (cl-incf mmdsl-test--publishes)
                (setq mmdsl-test--last-publish (float-time)))))

(defun mmdsl-test--settle (seen)
  "Wait for a publication after the SEEN-th, then for 1.5 s without another; then let flymake draw."
  (unless (mmdsl-test--wait 60 (lambda () (and (> mmdsl-test--publishes seen)
                                               (> (- (float-time) mmdsl-test--last-publish) 1.5))))
    (mmdsl-test--fail "no diagnostics published within 60 s"))
  (flymake-start nil t)
  (mmdsl-test--wait 5 (lambda () (flymake-diagnostics))))

(defun mmdsl-test--diagnostics ()
  (dolist (d (sort (flymake-diagnostics)
                   (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))
    (mmdsl-test--write (format "diagnostic %s-%s %s %s"
                               (mmdsl-test--pos (flymake-diagnostic-beg d))
                               (mmdsl-test--pos (flymake-diagnostic-end d))
                               (flymake-diagnostic-type d)
                               (flymake-diagnostic-text d)))))

(defun mmdsl-test--hover (line col)
  (mmdsl-test--goto line col)
  (let (shown)
    ;; eldoc's documentation function, called as eldoc calls it; its callback gets what eldoc displays
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq shown (or info "")) t))
    (unless (mmdsl-test--wait 30 (lambda () shown))
      (mmdsl-test--fail (format "no hover at %d:%d within 30 s" line col)))
    (mmdsl-test--write (format "hover %d:%d %s" line col
                               (replace-regexp-in-string "\n" " / " (substring-no-properties shown))))))

(defun mmdsl-test--complete (line col)
  (mmdsl-test--goto line col)
  (let* ((capf (eglot-completion-at-point))
         (beg (nth 0 capf)) (end (nth 1 capf)) (table (nth 2 capf))
         (prefix (buffer-substring-no-properties beg end))
         (shown (mapcar #'substring-no-properties (all-completions prefix table))))
    (mmdsl-test--write (format "completion %d:%d %s" line col (mapconcat #'identity shown " ")))))

(defun mmdsl-test--edit (line col text)
  (mmdsl-test--goto line col)
  (let ((seen mmdsl-test--publishes))
    (insert (replace-regexp-in-string "~" "\n" (replace-regexp-in-string "_" " " text)))
    ;; what eglot's idle timer does after a change
    (eglot--signal-textDocument/didChange)
    (mmdsl-test--settle seen)
    (mmdsl-test--diagnostics)))

(let* ((file (car command-line-args-left))
       (buf (find-file file)))
  (setq command-line-args-left nil)
  (switch-to-buffer buf)
  (unless (eq major-mode 'mmdsl-mode) (mmdsl-test--fail (format "major mode is %s" major-mode)))
  ;; eglot-ensure connects after the command that opened the file: the command loop runs post-command-hook
  (run-hooks 'post-command-hook)
  (unless (mmdsl-test--wait 60 (lambda () (eglot-current-server)))
    (mmdsl-test--fail "eglot did not connect within 60 s"))
  (mmdsl-test--settle 0)
  (mmdsl-test--diagnostics)
  (dolist (req (split-string (or (getenv "MMDSL_REQUESTS") "")))
    (pcase (split-string req ":")
      (`("hover" ,l ,c) (mmdsl-test--hover (string-to-number l) (string-to-number c)))
      (`("complete" ,l ,c) (mmdsl-test--complete (string-to-number l) (string-to-number c)))
      (`("edit" ,l ,c ,text) (mmdsl-test--edit (string-to-number l) (string-to-number c) text))
      (_ (mmdsl-test--fail (concat "bad request " req)))))
  (ignore-errors (eglot-shutdown-all))
  (kill-emacs 0))

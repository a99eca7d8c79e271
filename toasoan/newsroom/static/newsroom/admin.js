// One date picker open at a time. Wagtail's xdsoft datetimepicker opens 100 ms after its
// field gains focus and closes on blur, so typing the publishing time quickly and
// pressing Tab closed the calendar first and then let the late timer open it again, under
// the next field's: two calendars covering the schedule dialog's "Lưu lịch". After every
// focus change (and after that timer), each picker whose field no longer has focus is
// closed.
document.addEventListener("focusin", () => {
  const $ = window.jQuery;
  if (!$) return;
  setTimeout(() => {
    $("input").each(function () {
      if (this !== document.activeElement && $(this).data("xdsoft_datetimepicker")) {
        $(this).datetimepicker("hide");
      }
    });
  }, 150);
});
